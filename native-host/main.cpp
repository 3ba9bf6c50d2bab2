// sendguard: entry point; everything else is in sg_host.
#include "cli/cli.h"
#include "platform/memory.h"

int main(int argc, char** argv) {
  sg::platform::install_large_buffer_advice();
  return sg::cli::main(argc, argv);
}
