// Asio, Asio's SSL layer and Beast compiled once (their separate-compilation mode) rather than
// in every translation unit that uses them: it roughly halves the build of the HTTP code.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
