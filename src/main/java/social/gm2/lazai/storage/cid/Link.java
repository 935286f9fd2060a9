package social.gm2.lazai.storage.cid;

import social.gm2.lazai.storage.Cid;

/**
 * A finished node as its parent links to it.
 *
 * @param cid the node's CID
 * @param tsize its block length plus the tsize of everything below it (dag-pb's {@code Tsize})
 * @param fileSize how many bytes of the file lie under it (UnixFS {@code blocksizes})
 * @param blockLength the length of the node's own block
 */
record Link(Cid cid, long tsize, long fileSize, int blockLength) {}
