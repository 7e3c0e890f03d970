// The module is its header alone (an inline function); SwiftPM wants a source file.
#include "CPrefetch.h"
