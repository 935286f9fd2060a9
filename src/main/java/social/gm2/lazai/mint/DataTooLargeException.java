package social.gm2.lazai.mint;

/** Uploaded data that passed {@code lazai.mint.max-data-size} while it was read (413). */
public class DataTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final long limit;

  public DataTooLargeException(String field, long limit) {
    super(
        field
            + " has more than "
            + limit
            + " bytes, the limit set by lazai.mint.max-data-size; nothing was stored");
    this.field = field;
    this.limit = limit;
  }

  public String field() {
    return field;
  }

  public long limit() {
    return limit;
  }
}
