package social.gm2.lazai.storage.cid;

import java.io.IOException;

/**
 * The content given to a store was shorter or longer than the length declared with it. An {@link
 * IOException} so that it can travel through stream and HTTP body code, but a caller's mistake, not
 * an I/O failure: stores report it as a permanent error.
 */
public final class ContentLengthException extends IOException {
  private static final long serialVersionUID = 1L;

  ContentLengthException(String message) {
    super(message);
  }
}
