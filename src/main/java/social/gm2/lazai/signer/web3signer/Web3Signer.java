package social.gm2.lazai.signer.web3signer;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.crypto.Addresses;
import social.gm2.lazai.crypto.CryptoException;
import social.gm2.lazai.crypto.Signature;
import social.gm2.lazai.crypto.Wallet;
import social.gm2.lazai.signer.SignedTransaction;
import social.gm2.lazai.signer.Signer;
import social.gm2.lazai.signer.SignerException;
import social.gm2.lazai.signer.SignerProperties;
import social.gm2.lazai.signer.TransactionEncoding;
import social.gm2.lazai.signer.TransactionRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A remote signer that holds the key, spoken to with Web3Signer's Ethereum JSON-RPC signing API:
 * {@code eth_accounts}, {@code eth_sign} (which adds the EIP-191 prefix itself and takes the
 * message as hex) and {@code eth_signTransaction} (legacy or EIP-1559, with the nonce given; it
 * answers the signed transaction's bytes). The service never holds the key, and trusts nothing it
 * is sent back: a signature must recover to the configured address and a signed transaction must be
 * exactly the one asked for, on the configured chain.
 */
public final class Web3Signer implements Signer {
  private static final Logger log = LoggerFactory.getLogger(Web3Signer.class);

  private final JsonRpcClient rpc;
  private final String address;
  private volatile boolean accountChecked;

  Web3Signer(JsonRpcClient rpc, String address) {
    this.rpc = rpc;
    this.address = Addresses.checksummed(address.toLowerCase(Locale.ROOT));
  }

  /**
   * A client for the configured signer. It asks {@code eth_accounts} at once: an answer without the
   * address is refused here; an unreachable signer is logged and asked again on first use.
   *
   * @throws SignerException (permanent) if the signer answers but does not hold the address
   */
  public static Web3Signer connect(SignerProperties.Remote settings) {
    URI url = URI.create(settings.url().strip());
    HttpClient.Builder http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER);
    if ("https".equalsIgnoreCase(url.getScheme())) {
      http.sslContext(TlsContexts.of(settings.tls()));
    }
    var signer =
        new Web3Signer(
            new JsonRpcClient(
                url, http.build(), settings.timeout(), settings.maxResponseSize().toBytes()),
            settings.address());
    try {
      signer.checkAccount();
    } catch (SignerException e) {
      if (!e.retryable()) {
        throw e;
      }
      log.warn(
          "signer remote={} not reachable yet, checked again on first use: {}",
          url,
          e.getMessage());
    }
    return signer;
  }

  @Override
  public String address() {
    return address;
  }

  /** {@code eth_accounts} must list the configured address. */
  void checkAccount() {
    JsonNode accounts = rpc.call("eth_accounts", rpc.params());
    boolean held =
        accounts.isArray()
            && accounts
                .valueStream()
                .anyMatch(a -> a.isString() && a.asString().equalsIgnoreCase(address));
    if (!held) {
      throw new SignerException(
          "remote signer "
              + rpc.url()
              + " does not hold lazai.signer.remote.address "
              + address
              + " (eth_accounts lists "
              + accounts.size()
              + " other accounts)",
          false,
          null);
    }
    accountChecked = true;
    log.info("signer remote={} holds address={}", rpc.url(), address);
  }

  @Override
  public String signPersonalMessage(byte[] message) {
    ensureChecked();
    var params = rpc.params().add(address.toLowerCase(Locale.ROOT)).add(hex(message));
    JsonNode result = rpc.call("eth_sign", params);
    try {
      Signature signature = Signature.fromHex(result.isString() ? result.asString() : "");
      if (!Wallet.recover(message, signature.toHex()).equals(address)) {
        throw wrongAnswer("eth_sign", "a signature by another key");
      }
      // Normalised to v = 27/28, the form web3.js writes, whatever form the signer used.
      return signature.toHex();
    } catch (CryptoException e) {
      throw wrongAnswer("eth_sign", "something that is not a 65-byte signature");
    }
  }

  @Override
  public SignedTransaction signTransaction(TransactionRequest request) {
    ensureChecked();
    JsonNode result = rpc.call("eth_signTransaction", rpc.params().add(transaction(request)));
    // Web3Signer answers the raw bytes; geth's clef answers {raw, tx}.
    JsonNode raw = result.isObject() ? result.path("raw") : result;
    byte[] bytes;
    TransactionEncoding.Decoded decoded;
    try {
      bytes = HexFormat.of().parseHex(strip0x(raw.asString("")));
      decoded = TransactionEncoding.decode(bytes);
    } catch (IllegalArgumentException | CryptoException e) {
      throw wrongAnswer("eth_signTransaction", "bytes that are not a signed transaction");
    }
    if (decoded.request().chainId() != request.chainId()) {
      throw wrongAnswer(
          "eth_signTransaction",
          "a transaction for chain id "
              + decoded.request().chainId()
              + " while lazai.chain.chain-id is "
              + request.chainId()
              + " (start Web3Signer with --chain-id="
              + request.chainId()
              + ")");
    }
    if (!decoded.request().equals(request)) {
      throw wrongAnswer("eth_signTransaction", "another transaction than the one asked for");
    }
    if (!decoded.sender().equals(address)) {
      throw wrongAnswer("eth_signTransaction", "a transaction signed by another key");
    }
    return SignedTransaction.of(bytes);
  }

  /** The documented transaction object; {@code chainId} is extra and ignored by Web3Signer. */
  private ObjectNode transaction(TransactionRequest tx) {
    ObjectNode object = JsonRpcClient.JSON.createObjectNode();
    object.put("from", address.toLowerCase(Locale.ROOT));
    object.put("to", tx.to());
    object.put("gas", quantity(tx.gasLimit()));
    if (tx.type() == TransactionRequest.Type.LEGACY) {
      object.put("gasPrice", quantity(tx.gasPrice()));
    } else {
      object.put("maxPriorityFeePerGas", quantity(tx.maxPriorityFeePerGas()));
      object.put("maxFeePerGas", quantity(tx.maxFeePerGas()));
    }
    object.put("nonce", quantity(BigInteger.valueOf(tx.nonce())));
    object.put("value", quantity(tx.value()));
    object.put("data", tx.data());
    object.put("chainId", quantity(BigInteger.valueOf(tx.chainId())));
    return object;
  }

  private void ensureChecked() {
    if (!accountChecked) {
      checkAccount();
    }
  }

  private SignerException wrongAnswer(String method, String what) {
    return new SignerException(
        "remote signer "
            + rpc.url()
            + " (lazai.signer.remote.url), "
            + method
            + ": answered "
            + what,
        false,
        null);
  }

  private static String quantity(BigInteger value) {
    return "0x" + value.toString(16);
  }

  private static String hex(byte[] bytes) {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  private static String strip0x(String text) {
    return text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
  }

  @Override
  public String toString() {
    return "Web3Signer[" + rpc.url() + ", " + address + "]";
  }
}
