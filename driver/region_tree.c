// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: a VM's memory regions by guest-physical address (region_tree.h).
 *
 * The intervals in the tree never overlap, so they are ordered by start
 * and by end alike.  A new interval [s, e) then overlaps some interval of
 * a subtree only if it overlaps that subtree's root or lies on the side
 * of the root the descent takes: everything in the left subtree of node
 * n ends at or before n->start, everything in the right one starts at or
 * after n->start + n->size.  One descent, as deep as the tree (at most
 * 2 log2(n + 1) for a red-black tree of n nodes), both finds an overlap
 * and the place to link the new node: O(log n) per insert, where a list
 * walk over all regions was O(n).
 */
#include <linux/errno.h>

#include "region_tree.h"

/* 0 and linked, or -EEXIST (an existing interval overlaps @n). */
int avcpu_rtree_insert(struct avcpu_rtree *t, struct avcpu_rnode *n)
{
	struct rb_node **link = &t->root.rb_node, *parent = NULL;
	u64 end = n->start + n->size;

	while (*link) {
		struct avcpu_rnode *o = rb_entry(*link, struct avcpu_rnode, rb);

		t->cmps++;
		parent = *link;
		if (end <= o->start)
			link = &parent->rb_left;
		else if (n->start >= o->start + o->size)
			link = &parent->rb_right;
		else
			return -EEXIST;
	}
	rb_link_node(&n->rb, parent, link);
	rb_insert_color(&n->rb, &t->root);
	return 0;
}

/* The interval that starts exactly at @start, or NULL. */
struct avcpu_rnode *avcpu_rtree_find(struct avcpu_rtree *t, u64 start)
{
	struct rb_node *p = t->root.rb_node;

	while (p) {
		struct avcpu_rnode *o = rb_entry(p, struct avcpu_rnode, rb);

		t->cmps++;
		if (start < o->start)
			p = p->rb_left;
		else if (start > o->start)
			p = p->rb_right;
		else
			return o;
	}
	return NULL;
}

void avcpu_rtree_erase(struct avcpu_rtree *t, struct avcpu_rnode *n)
{
	rb_erase(&n->rb, &t->root);
}
