package malloctune

/*
#include <malloc.h>
#include <stdlib.h>

// malloctune_arenas runs when the program is loaded.
__attribute__((constructor)) static void malloctune_arenas(void) {
	if (getenv("MALLOC_ARENA_MAX") == NULL && getenv("GLIBC_TUNABLES") == NULL) {
		mallopt(M_ARENA_MAX, 1);
	}
}

*/
import "C"
