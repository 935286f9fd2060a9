package social.gm2.lazai.storage.cid;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import social.gm2.lazai.storage.Cid;

/**
 * Kubo's balanced layout, built while leaves stream in: each level groups up to 174 nodes under a
 * parent, left to right, and the top level's single node is the root. Only the frontier (at most
 * 174 links per level, a handful of levels) is held, never the file.
 *
 * <p>A full level is reduced only when one more node arrives for it, so at the end a level with a
 * single node left stays a one-link parent unless it is the top (that is how ipfs-unixfs-importer
 * and Kubo treat the 175th chunk: root → [parent of 174, parent of 1]).
 */
final class BalancedTree {
  static final int MAX_LINKS = 174;

  private final List<List<Link>> levels = new ArrayList<>();
  private final int cidVersion;
  private final MessageDigest sha256;
  private final BlockListener listener;
  private long parents;

  BalancedTree(int cidVersion, MessageDigest sha256, BlockListener listener) {
    this.cidVersion = cidVersion;
    this.sha256 = sha256;
    this.listener = listener;
  }

  void addLeaf(Link leaf) {
    add(0, leaf);
  }

  long parentCount() {
    return parents;
  }

  /** Reduces the frontier to the root; returns the root and its level (the tree depth). */
  Root finish() {
    for (int level = 0; ; level++) {
      List<Link> nodes = levels.get(level);
      if (level == levels.size() - 1 && nodes.size() == 1) {
        return new Root(nodes.get(0), level);
      }
      Link parent = parent(nodes);
      nodes.clear();
      add(level + 1, parent);
    }
  }

  record Root(Link link, int depth) {}

  private void add(int level, Link node) {
    if (levels.size() == level) {
      levels.add(new ArrayList<>(MAX_LINKS));
    }
    List<Link> nodes = levels.get(level);
    if (nodes.size() == MAX_LINKS) {
      add(level + 1, parent(nodes));
      nodes.clear();
    }
    nodes.add(node);
  }

  private Link parent(List<Link> children) {
    byte[] block = DagPb.parent(children);
    byte[] digest = sha256.digest(block);
    Cid cid = cidVersion == 0 ? Cid.v0(digest) : Cid.v1(Cid.DAG_PB, digest);
    long tsize = block.length;
    long fileSize = 0;
    for (Link child : children) {
      tsize += child.tsize();
      fileSize += child.fileSize();
    }
    parents++;
    listener.block(cid, ByteBuffer.wrap(block).asReadOnlyBuffer());
    return new Link(cid, tsize, fileSize, block.length);
  }
}
