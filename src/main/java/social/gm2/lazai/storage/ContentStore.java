package social.gm2.lazai.storage;

import java.io.InputStream;
import java.util.Optional;

/**
 * Where the mint pipeline puts each encrypted file so that the verified-computing node can download
 * it: Pinata in production (what the original service used), or a local IPFS-compatible store for
 * development and tests. Both name files by the CID Kubo's {@code ipfs add} would give them, so the
 * URL recorded on chain is content-addressed whichever store wrote it.
 *
 * <p>Every method either succeeds or throws a {@link StorageException} that says whether retrying
 * can help. A store never holds a whole file in memory: content is streamed in and out.
 */
public interface ContentStore {

  /**
   * Stores {@code length} bytes read from {@code content} (which must hold exactly that many) and
   * returns once they are durable. Storing the same bytes again is harmless and gives the same CID.
   * The caller keeps ownership of {@code content} and closes it.
   *
   * @param fileName a name for humans (Pinata's file name); it does not affect the CID
   */
  StoredContent put(InputStream content, long length, String fileName);

  /** The stored file with this CID, opened for reading; empty when this store does not hold it. */
  Optional<OpenContent> open(Cid cid);

  /** Whether this store holds the file with this CID (a pipeline step checks before uploading). */
  boolean contains(Cid cid);
}
