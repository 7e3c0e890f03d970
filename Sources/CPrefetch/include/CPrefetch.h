#ifndef OHANA_CPREFETCH_H
#define OHANA_CPREFETCH_H

/// Asks the processor to bring the cache line at `address` in, without waiting for it:
/// Swift has no prefetch of its own, and a load used in its place holds up every instruction
/// after it until its cache miss is served.
static inline void ohana_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
