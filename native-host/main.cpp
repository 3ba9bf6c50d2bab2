// sendguard: entry point; everything else is in sg_host.
#include "cli/cli.h"

int main(int argc, char** argv) {
  return sg::cli::main(argc, argv);
}
