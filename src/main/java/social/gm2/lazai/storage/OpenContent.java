package social.gm2.lazai.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A stored file opened for reading. The caller owns the stream and must close it
 * (try-with-resources on this record closes it).
 *
 * @param cid the file's CID
 * @param size its length in bytes, or -1 when the store does not say (a gateway without
 *     Content-Length)
 * @param stream the file's bytes, exactly as they were stored
 */
public record OpenContent(Cid cid, long size, InputStream stream) implements AutoCloseable {
  public OpenContent {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(stream, "stream");
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }
}
