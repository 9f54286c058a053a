package se.finsam.disclosure;

/** Disjoint sets over 0..n−1 (path halving): the connected sets of cells and the audit's blocks. */
final class UnionFind {
  private final int[] parent;

  UnionFind(int n) {
    parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
  }

  int find(int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  void union(int a, int b) {
    parent[find(a)] = find(b);
  }
}
