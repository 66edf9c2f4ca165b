// glibc's allocator tuning (mallopt), for the mlgate executable: see Tool.tuneAllocator.
// Nothing to link; on systems without <malloc.h> the module is empty.
#if __has_include(<malloc.h>) && defined(__linux__)
#include <malloc.h>
#endif
