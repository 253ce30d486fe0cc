// Package arenacount counts glibc's malloc arenas after threads contend
// for the allocator: malloctune's test checks its setting with it. It is
// apart so that the binaries, which import malloctune, do not carry it.
package arenacount

/*
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { churnThreads = 8, churnRounds = 20000 };

static void *churn(void *arg) {
	(void)arg;
	for (int i = 0; i < churnRounds; i++) {
		void *p = malloc(64 + (i % 64) * 16);
		if (p) { memset(p, 1, 64); free(p); }
	}
	return NULL;
}

// malloctune_arenas_used makes threads contend for malloc, then counts
// the arenas glibc reports (malloc_info's <heap nr=...> entries); -1 on
// failure.
static int malloctune_arenas_used(void) {
	pthread_t t[churnThreads];
	int started = 0;
	for (int i = 0; i < churnThreads; i++) {
		if (pthread_create(&t[i], NULL, churn, NULL) == 0) started++;
	}
	for (int i = 0; i < started; i++) pthread_join(t[i], NULL);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f) return -1;
	if (malloc_info(0, f) != 0) { fclose(f); free(buf); return -1; }
	fclose(f);
	int n = 0;
	for (char *p = buf; (p = strstr(p, "<heap nr=")) != NULL; p++) n++;
	free(buf);
	return n;
}
*/
import "C"

// Used makes 8 threads contend for malloc and returns how many arenas
// glibc then has (-1 if it cannot tell).
func Used() int { return int(C.malloctune_arenas_used()) }
