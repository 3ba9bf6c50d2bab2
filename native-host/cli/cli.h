// The sendguard command line: subcommands, and the Thunderbird invocation form
// (`sendguard <manifest-path> <extension-id>`), which starts the native-messaging loop.
#pragma once

namespace sg::cli {

[[nodiscard]] int main(int argc, char** argv);

}  // namespace sg::cli
