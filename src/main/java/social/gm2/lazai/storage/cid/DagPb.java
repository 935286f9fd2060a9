package social.gm2.lazai.storage.cid;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Hand-written protobuf for the two messages a UnixFS file needs: dag-pb's {@code PBNode}/{@code
 * PBLink} and UnixFS's {@code Data}. Byte order follows Kubo and js-ipfs exactly, because the CID
 * is a hash of these bytes: a node's Links (field 2) come before its Data (field 1); a link writes
 * Hash, an empty Name and Tsize; UnixFS Data writes Type, Data (only when non-empty), filesize and
 * one blocksizes varint per child (not packed).
 */
final class DagPb {
  private static final int UNIXFS_FILE = 2;
  private static final int VARINT = 0;
  private static final int LENGTH_DELIMITED = 2;

  /** Room a leaf needs before its data (PBNode.Data tag and length, UnixFS Type and Data tag). */
  static final int LEAF_HEADER_ROOM = 16;

  /** Room a leaf needs after its data (UnixFS filesize). */
  static final int LEAF_TRAILER_ROOM = 11;

  private DagPb() {}

  /** Bytes of a leaf node before its data: {@code PBNode.Data} header and UnixFS Type/Data. */
  static int leafHeader(byte[] into, int end, int dataLength) {
    int unixFsLength = unixFsLeafLength(dataLength);
    int length =
        1 + varintSize(unixFsLength) + 2 + (dataLength > 0 ? 1 + varintSize(dataLength) : 0);
    int at = end - length;
    int pos = at;
    into[pos++] = tag(1, LENGTH_DELIMITED);
    pos = writeVarint(into, pos, unixFsLength);
    into[pos++] = tag(1, VARINT);
    into[pos++] = UNIXFS_FILE;
    if (dataLength > 0) {
      into[pos++] = tag(2, LENGTH_DELIMITED);
      writeVarint(into, pos, dataLength);
    }
    return at;
  }

  /** Bytes of a leaf node after its data (UnixFS filesize); returns the end position. */
  static int leafTrailer(byte[] into, int at, int dataLength) {
    into[at++] = tag(3, VARINT);
    return writeVarint(into, at, dataLength);
  }

  /** A parent node linking {@code children}, with UnixFS blocksizes = their file sizes. */
  static byte[] parent(List<Link> children) {
    ByteArrayOutputStream node = new ByteArrayOutputStream(64 + children.size() * 48);
    ByteArrayOutputStream part = new ByteArrayOutputStream(48);
    long fileSize = 0;
    for (Link child : children) {
      part.reset();
      field(part, 1, child.cid().bytes());
      field(part, 2, new byte[0]);
      varintField(part, 3, child.tsize());
      field(node, 2, part.toByteArray());
      fileSize += child.fileSize();
    }
    part.reset();
    varintField(part, 1, UNIXFS_FILE);
    varintField(part, 3, fileSize);
    for (Link child : children) {
      varintField(part, 4, child.fileSize());
    }
    field(node, 1, part.toByteArray());
    return node.toByteArray();
  }

  private static int unixFsLeafLength(int dataLength) {
    int data = dataLength > 0 ? 1 + varintSize(dataLength) + dataLength : 0;
    return 2 + data + 1 + varintSize(dataLength);
  }

  private static void field(ByteArrayOutputStream out, int number, byte[] value) {
    out.write(tag(number, LENGTH_DELIMITED));
    writeVarint(out, value.length);
    out.writeBytes(value);
  }

  private static void varintField(ByteArrayOutputStream out, int number, long value) {
    out.write(tag(number, VARINT));
    writeVarint(out, value);
  }

  private static byte tag(int number, int wireType) {
    return (byte) (number << 3 | wireType);
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) (value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static int writeVarint(byte[] into, int at, long value) {
    while ((value & ~0x7fL) != 0) {
      into[at++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    into[at++] = (byte) value;
    return at;
  }

  static int varintSize(long value) {
    int size = 1;
    while ((value & ~0x7fL) != 0) {
      value >>>= 7;
      size++;
    }
    return size;
  }
}
