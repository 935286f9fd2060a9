package social.gm2.lazai.mint;

/**
 * A mint request that cannot be processed as given, refused before anything is spent. Names the
 * field and the problem; never contains the data itself. Permanent: the same request fails the same
 * way.
 */
public class InvalidMintRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidMintRequestException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
