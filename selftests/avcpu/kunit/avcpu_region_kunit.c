// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the region interval tree (driver/region_tree.c): the
 * overlap check of AVCPU_SET_MEMORY_REGION.  Built into this module from
 * the driver's own source.  Besides the semantics (adjacent ranges fit,
 * any overlap is -EEXIST), the comparison counter shows the check is
 * O(log n) per insert: n inserts, in ascending, descending and shuffled
 * order, followed by n overlapping attempts, compare against at most
 * 2 * n * (log2(n) + 1) nodes each -- the height bound of a red-black
 * tree -- where the list it replaces made n * (n - 1) / 2 comparisons.
 */
#include "../../../driver/region_tree.c"

#include <kunit/test.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/slab.h>

#define T_STRIDE	0x200000ULL	/* 2 MiB apart */
#define T_SIZE		0x100000ULL	/* 1 MiB each */

static struct avcpu_rnode *node(struct kunit *test, u64 start, u64 size)
{
	struct avcpu_rnode *n = kunit_kzalloc(test, sizeof(*n), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, n);
	n->start = start;
	n->size = size;
	return n;
}

static void region_overlap_test(struct kunit *test)
{
	struct avcpu_rtree t = AVCPU_RTREE_INIT;
	struct avcpu_rnode *a = node(test, 0x40000000, 0x10000);
	struct avcpu_rnode *b;

	KUNIT_EXPECT_EQ(test, 0, avcpu_rtree_insert(&t, a));
	/* Same range, inside, covering, over either edge: overlap. */
	KUNIT_EXPECT_EQ(test, -EEXIST,
			avcpu_rtree_insert(&t, node(test, 0x40000000, 0x10000)));
	KUNIT_EXPECT_EQ(test, -EEXIST,
			avcpu_rtree_insert(&t, node(test, 0x40004000, 0x1000)));
	KUNIT_EXPECT_EQ(test, -EEXIST,
			avcpu_rtree_insert(&t, node(test, 0x3fff0000, 0x30000)));
	KUNIT_EXPECT_EQ(test, -EEXIST,
			avcpu_rtree_insert(&t, node(test, 0x3ffff000, 0x2000)));
	KUNIT_EXPECT_EQ(test, -EEXIST,
			avcpu_rtree_insert(&t, node(test, 0x4000f000, 0x2000)));
	/* Touching at either end: fits. */
	KUNIT_EXPECT_EQ(test, 0,
			avcpu_rtree_insert(&t, node(test, 0x3ffff000, 0x1000)));
	b = node(test, 0x40010000, 0x1000);
	KUNIT_EXPECT_EQ(test, 0, avcpu_rtree_insert(&t, b));
	/* Lookup by exact start only. */
	KUNIT_EXPECT_PTR_EQ(test, a, avcpu_rtree_find(&t, 0x40000000));
	KUNIT_EXPECT_PTR_EQ(test, b, avcpu_rtree_find(&t, 0x40010000));
	KUNIT_EXPECT_NULL(test, avcpu_rtree_find(&t, 0x40001000));
	/* Erased: the range is free again. */
	avcpu_rtree_erase(&t, a);
	KUNIT_EXPECT_NULL(test, avcpu_rtree_find(&t, 0x40000000));
	KUNIT_EXPECT_EQ(test, 0,
			avcpu_rtree_insert(&t, node(test, 0x40004000, 0x1000)));
	/* The last page of the 39-bit IPA space. */
	KUNIT_EXPECT_EQ(test, 0,
			avcpu_rtree_insert(&t, node(test, 0x7fff000000ULL,
						    0x1000)));
}

/* The orders the n regions are inserted in. */
enum { T_ASCENDING, T_DESCENDING, T_SHUFFLED, T_ORDERS };

static u64 slot(unsigned int order, unsigned int i, unsigned int n)
{
	switch (order) {
	case T_ASCENDING:
		return i;
	case T_DESCENDING:
		return n - 1 - i;
	default:
		/* i -> i * 2654435761 mod n is a permutation for n = 2^k. */
		return (u64)i * 2654435761U % n;
	}
}

/*
 * Comparisons of n inserts then n overlapping attempts; the most any one
 * of them took goes to *@max.
 */
static u64 count_inserts(struct kunit *test, unsigned int n,
			 unsigned int order, u64 *max)
{
	struct avcpu_rtree t = AVCPU_RTREE_INIT;
	struct avcpu_rnode *nodes, probe;
	unsigned int i;
	u64 last = 0;

	*max = 0;
	nodes = kunit_kcalloc(test, n, sizeof(*nodes), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, nodes);
	for (i = 0; i < n; i++) {
		nodes[i].start = slot(order, i, n) * T_STRIDE;
		nodes[i].size = T_SIZE;
		KUNIT_ASSERT_EQ(test, 0, avcpu_rtree_insert(&t, &nodes[i]));
		*max = max(*max, t.cmps - last);
		last = t.cmps;
	}
	/* Each of the n attempts overlaps exactly one region. */
	for (i = 0; i < n; i++) {
		probe.start = slot(order, i, n) * T_STRIDE + T_SIZE - 0x1000;
		probe.size = 0x2000;
		KUNIT_ASSERT_EQ(test, -EEXIST, avcpu_rtree_insert(&t, &probe));
		*max = max(*max, t.cmps - last);
		last = t.cmps;
	}
	return t.cmps;
}

static void region_cmps_test(struct kunit *test)
{
	static const unsigned int sizes[] = { 1024, 4096 };
	unsigned int s, order;

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		unsigned int n = sizes[s];
		/* Red-black height: at most 2 log2(n + 1) nodes per descent. */
		u64 height = 2 * (ilog2(n) + 1);
		/* n inserts + n probes. */
		u64 bound = 2ULL * n * height;

		for (order = 0; order < T_ORDERS; order++) {
			u64 max, cmps = count_inserts(test, n, order, &max);

			kunit_info(test, "n=%u order=%u: %llu comparisons, at most %llu per insert (bounds %llu, %llu; list %llu)\n",
				   n, order, cmps, max, bound, height,
				   (u64)n * (n - 1) / 2 + (u64)n * n / 2);
			KUNIT_EXPECT_LE(test, cmps, bound);
			KUNIT_EXPECT_LE(test, max, height);
			/* At least one comparison per insert but the first. */
			KUNIT_EXPECT_GE(test, cmps, 2ULL * n - 1);
		}
	}
}

static struct kunit_case avcpu_region_test_cases[] = {
	KUNIT_CASE(region_overlap_test),
	KUNIT_CASE(region_cmps_test),
	{}
};

static struct kunit_suite avcpu_region_test_suite = {
	.name = "avcpu_region",
	.test_cases = avcpu_region_test_cases,
};

kunit_test_suite(avcpu_region_test_suite);

MODULE_DESCRIPTION("KUnit tests of the avcpu region interval tree");
MODULE_LICENSE("GPL");
