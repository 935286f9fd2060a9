package social.gm2.lazai.storage.cid;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import social.gm2.lazai.storage.Cid;

/**
 * Computes a file's CID exactly as Kubo's {@code ipfs add} does, from bytes written to it in any
 * pieces: fixed 262144-byte chunks, balanced layout with at most 174 links per node, sha2-256.
 *
 * <ul>
 *   <li>CID version 0 (Kubo's default): every leaf is a dag-pb node holding a UnixFS {@code file}
 *       with the chunk as Data; CIDs print as {@code Qm…}.
 *   <li>CID version 1 ({@code --cid-version=1}, which implies {@code --raw-leaves}): leaves are raw
 *       blocks (codec 0x55), parents are dag-pb nodes linking CIDv1s; CIDs print as {@code bafk…}
 *       (one chunk) or {@code bafy…}. Pinata's uploads give these.
 * </ul>
 *
 * A file of one chunk (up to 262144 bytes, including the empty file) is that leaf alone. Memory is
 * one chunk buffer plus the tree frontier, whatever the file's size. Not thread-safe.
 */
public final class UnixFsBuilder extends OutputStream {
  /** Kubo's default chunker, {@code size-262144}. */
  public static final int CHUNK_SIZE = 262_144;

  private static final int DATA_START = DagPb.LEAF_HEADER_ROOM;

  private final int cidVersion;
  private final MessageDigest sha256;
  private final BlockListener listener;
  private final BalancedTree tree;
  private final byte[] buffer = new byte[DATA_START + CHUNK_SIZE + DagPb.LEAF_TRAILER_ROOM];
  private int filled;
  private long size;
  private long leaves;
  private UnixFsFile result;

  public UnixFsBuilder(int cidVersion) {
    this(cidVersion, BlockListener.NONE);
  }

  public UnixFsBuilder(int cidVersion, BlockListener listener) {
    if (cidVersion != 0 && cidVersion != 1) {
      throw new IllegalArgumentException("CID version must be 0 or 1, got " + cidVersion);
    }
    this.cidVersion = cidVersion;
    this.sha256 = newSha256();
    this.listener = listener;
    this.tree = new BalancedTree(cidVersion, sha256, listener);
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    if (result != null) {
      throw new IllegalStateException("the CID was already computed");
    }
    while (length > 0) {
      int n = Math.min(length, CHUNK_SIZE - filled);
      System.arraycopy(bytes, offset, buffer, DATA_START + filled, n);
      filled += n;
      size += n;
      offset += n;
      length -= n;
      if (filled == CHUNK_SIZE) {
        leaf();
      }
    }
  }

  /** Bytes written so far. */
  public long size() {
    return size;
  }

  /** Ends the file and returns its DAG; calling it again returns the same answer. */
  public UnixFsFile finish() {
    if (result == null) {
      if (filled > 0 || leaves == 0) {
        leaf();
      }
      BalancedTree.Root root = tree.finish();
      Link link = root.link();
      result =
          new UnixFsFile(
              link.cid(),
              size,
              leaves,
              root.depth(),
              leaves + tree.parentCount(),
              link.blockLength());
    }
    return result;
  }

  private void leaf() {
    int start = DATA_START;
    int end = DATA_START + filled;
    if (cidVersion == 0) {
      start = DagPb.leafHeader(buffer, DATA_START, filled);
      end = DagPb.leafTrailer(buffer, end, filled);
    }
    sha256.update(buffer, start, end - start);
    byte[] digest = sha256.digest();
    Cid cid = cidVersion == 0 ? Cid.v0(digest) : Cid.v1(Cid.RAW, digest);
    listener.block(cid, ByteBuffer.wrap(buffer, start, end - start).asReadOnlyBuffer());
    tree.addLeaf(new Link(cid, end - start, filled, end - start));
    leaves++;
    filled = 0;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
