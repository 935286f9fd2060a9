package social.gm2.lazai.chain;

/**
 * A node URL read from the chain is not one this service will call: not http(s), unresolvable, or
 * pointing into a private, loopback or otherwise internal address range that is not allowed.
 * Permanent: the URL is on chain, so retrying the same job calls the same URL.
 */
public class ForbiddenNodeUrlException extends ChainException {
  private static final long serialVersionUID = 1L;

  private final String url;

  public ForbiddenNodeUrlException(String url, String problem) {
    super("node URL '" + url + "' " + problem, null);
    this.url = url;
  }

  public String url() {
    return url;
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
