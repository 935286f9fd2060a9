package social.gm2.lazai.storage.cid;

import java.nio.ByteBuffer;
import social.gm2.lazai.storage.Cid;

/**
 * Receives every block of a DAG as {@link UnixFsBuilder} finishes it, leaves first and the root
 * last: a block store keeps them, a test inspects the root. The block is the buffer's bytes from
 * position to limit, valid only during the call (the builder reuses it for the next leaf).
 */
@FunctionalInterface
public interface BlockListener {
  BlockListener NONE = (cid, block) -> {};

  void block(Cid cid, ByteBuffer block);
}
