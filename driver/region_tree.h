/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu: the guest-physical ranges of a VM's memory regions, as a
 * red-black tree of disjoint intervals keyed by start address.  Pure (no
 * locking, no allocation): the caller holds the VM's lock and owns the
 * nodes.  Built into the driver and into its KUnit test.
 */
#ifndef _AVCPU_REGION_TREE_H
#define _AVCPU_REGION_TREE_H

#include <linux/rbtree.h>
#include <linux/types.h>

struct avcpu_rtree {
	struct rb_root root;
	u64 cmps;		/* nodes compared against, for tests */
};

struct avcpu_rnode {
	struct rb_node rb;
	u64 start;
	u64 size;		/* > 0; start + size does not wrap */
};

#define AVCPU_RTREE_INIT	((struct avcpu_rtree){ .root = RB_ROOT })

int avcpu_rtree_insert(struct avcpu_rtree *t, struct avcpu_rnode *n);
struct avcpu_rnode *avcpu_rtree_find(struct avcpu_rtree *t, u64 start);
void avcpu_rtree_erase(struct avcpu_rtree *t, struct avcpu_rnode *n);

#endif /* _AVCPU_REGION_TREE_H */
