package social.gm2.lazai.storage.cid;

import social.gm2.lazai.storage.Cid;

/**
 * The DAG {@link UnixFsBuilder} built for one file: its root CID and its shape (the shape is what
 * the vectors and Kubo's {@code ipfs dag stat} describe, useful when a CID disagrees).
 *
 * @param cid the root's CID, the file's CID
 * @param size the file's length
 * @param leafCount chunks (at least one: the empty file is one empty leaf)
 * @param depth 0 when the root is the only leaf, else the number of parent levels
 * @param blockCount leaves plus parents
 * @param rootBlockLength the root block's length in bytes
 */
public record UnixFsFile(
    Cid cid, long size, long leafCount, int depth, long blockCount, int rootBlockLength) {}
