package social.gm2.lazai.devnet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.crypto.CryptoException;
import social.gm2.lazai.crypto.RsaKeyWrap;

/**
 * The reference query node's RAG over one DAT file (lazai-protocol §9, {@code query_rag}): {@code
 * getFile(fileId)}, the permission the contributor granted to the DataRegistry's own address
 * ({@code getFilePermission(fileId, DataRegistry)}), unwrapped with the node's RSA key (PKCS#1 v1.5
 * as the reference, or OAEP-SHA1), the file downloaded and OpenPGP-decrypted as UTF-8 text, chunked
 * and ranked by {@link TextChunks}. Without a vector store there is no cache: every query reads the
 * chain and the file again, so a permission granted or changed later takes effect at once.
 */
final class DataQuery {
  /** Plaintext larger than this is refused (it is held in memory to chunk it). */
  static final int MAX_TEXT_BYTES = 16 << 20;

  /** What {@code POST /query/rag} answers: the chunks and the file they come from. */
  record Result(
      List<String> data, String owner, BigInteger fileId, String fileUrl, String fileHash) {}

  /** Why a query failed, worded for the caller (no key material, no plaintext). */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  private final DataRegistry registry;
  private final RSAPrivateKey key;
  private final EncryptedFileFetcher files;

  /**
   * @param registry bound read-only
   * @param key the private half of {@code DataRegistry.publicKey()}
   */
  DataQuery(DataRegistry registry, RSAPrivateKey key, EncryptedFileFetcher files) {
    this.registry = registry;
    this.key = key;
    this.files = files;
  }

  /** The file id registered for {@code url}, 0 if none. */
  BigInteger fileIdOf(String url) throws Failure {
    return read("getFileIdByUrl", () -> registry.getFileIdByUrl(url).send());
  }

  /**
   * The {@code limit} chunks of file {@code fileId} most relevant to {@code query}.
   *
   * @throws Failure if the file is not registered, has no permission for the DataRegistry, the
   *     permission does not open with this node's key, or the file cannot be fetched or decrypted
   */
  Result query(BigInteger fileId, String query, int limit) throws Failure, InterruptedException {
    DataRegistry.FileResponse file = read("getFile", () -> registry.getFile(fileId).send());
    if (file.id.signum() == 0) {
      throw new Failure("file " + fileId + " is not registered in the DataRegistry");
    }
    String permission =
        read(
            "getFilePermission",
            () -> registry.getFilePermission(fileId, registry.getContractAddress()).send());
    if (permission.isEmpty()) {
      throw new Failure(
          "file "
              + fileId
              + " grants no permission to the DataRegistry "
              + registry.getContractAddress()
              + ", so this node cannot decrypt it");
    }
    String password;
    try {
      password = RsaKeyWrap.unwrap(key, permission);
    } catch (CryptoException | IllegalArgumentException e) {
      throw new Failure(
          "the DataRegistry permission of file "
              + fileId
              + " does not decrypt with this node's RSA key: "
              + e.getMessage());
    }
    String text = decryptText(fileId, file.url, password);
    List<String> chunks = TextChunks.top(TextChunks.split(text), query, limit);
    return new Result(chunks, file.ownerAddress, fileId, file.url, file.hash);
  }

  private String decryptText(BigInteger fileId, String url, String password)
      throws Failure, InterruptedException {
    ByteArrayOutputStream plaintext = new CappedBuffer(MAX_TEXT_BYTES);
    try {
      URI uri = EncryptedFileFetcher.httpUri(url);
      files.decrypt(uri, password, plaintext);
    } catch (IOException | CryptoException | IllegalStateException e) {
      throw new Failure("file " + fileId + " cannot be read: " + e.getMessage());
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(plaintext.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Failure("file " + fileId + " is not UTF-8 text");
    }
  }

  private interface Read<T> {
    T call() throws Exception;
  }

  private static <T> T read(String function, Read<T> call) throws Failure {
    try {
      return call.call();
    } catch (Exception e) {
      throw new Failure("cannot read " + function + " from the DataRegistry: " + e.getMessage());
    }
  }

  /** A byte buffer that refuses to grow past its cap. */
  private static final class CappedBuffer extends ByteArrayOutputStream {
    private static final long serialVersionUID = 1L;

    private final int cap;

    CappedBuffer(int cap) {
      this.cap = cap;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      check(len);
      super.write(b, off, len);
    }

    @Override
    public synchronized void write(int b) {
      check(1);
      super.write(b);
    }

    private void check(int more) {
      if (count + (long) more > cap) {
        throw new IllegalStateException("the decrypted file is larger than " + cap + " bytes");
      }
    }
  }
}
