package social.gm2.lazai.mint;

/** An action named a token that has no mint. */
public class NoSuchMintException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String tokenAddress;

  public NoSuchMintException(String tokenAddress) {
    super("there is no mint for token " + tokenAddress);
    this.tokenAddress = tokenAddress;
  }

  public String tokenAddress() {
    return tokenAddress;
  }
}
