package social.gm2.lazai.mint;

import java.io.IOException;

/**
 * Uploaded data that could not be read to its end: the client went away or sent a broken body.
 * Nothing was stored.
 */
public class UploadReadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public UploadReadException(String field, IOException cause) {
    super(field + " could not be read to its end; nothing was stored", cause);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
