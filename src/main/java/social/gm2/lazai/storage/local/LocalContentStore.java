package social.gm2.lazai.storage.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.storage.Cid;
import social.gm2.lazai.storage.ContentStore;
import social.gm2.lazai.storage.OpenContent;
import social.gm2.lazai.storage.StorageException;
import social.gm2.lazai.storage.StoredContent;
import social.gm2.lazai.storage.cid.CidInputStream;
import social.gm2.lazai.storage.cid.ContentLengthException;
import social.gm2.lazai.storage.cid.UnixFsFile;

/**
 * A {@link ContentStore} in a local directory, for development, the devnet and tests: each file is
 * hashed to the CID Kubo would give it while it is written, kept whole under that CID (see {@link
 * BlobDirectory} for durability), and served by this service's {@code /ipfs/{cid}} gateway, which
 * is what its share URLs point to.
 */
public final class LocalContentStore implements ContentStore {
  private static final Logger log = LoggerFactory.getLogger(LocalContentStore.class);
  private static final int BUFFER = 64 * 1024;

  private final BlobDirectory directory;
  private final int cidVersion;
  private final Supplier<String> publicBaseUrl;
  private final long maxSize;

  private LocalContentStore(
      BlobDirectory directory, int cidVersion, Supplier<String> publicBaseUrl, long maxSize) {
    this.directory = directory;
    this.cidVersion = cidVersion;
    this.publicBaseUrl = publicBaseUrl;
    this.maxSize = maxSize;
  }

  /**
   * Opens (creating when missing) the store in {@code directory}.
   *
   * @param publicBaseUrl the base of share URLs, e.g. {@code http://127.0.0.1:3003}
   */
  public static LocalContentStore open(
      Path directory, int cidVersion, String publicBaseUrl, long maxSize, Clock clock) {
    return open(directory, cidVersion, () -> publicBaseUrl, maxSize, clock);
  }

  /**
   * The same, with the share URL base looked up at each put: a service started on a random port
   * knows its port only once it listens.
   */
  public static LocalContentStore open(
      Path directory, int cidVersion, Supplier<String> publicBaseUrl, long maxSize, Clock clock) {
    try {
      return new LocalContentStore(
          BlobDirectory.open(directory, clock), cidVersion, publicBaseUrl, maxSize);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot use " + directory.toAbsolutePath() + " as the local IPFS store", e);
    }
  }

  @Override
  public StoredContent put(InputStream content, long length, String fileName) {
    if (length < 0 || length > maxSize) {
      throw StorageException.permanent(
          name()
              + " refused "
              + fileName
              + ": its length "
              + length
              + " is not within 0.."
              + maxSize);
    }
    Path temp = null;
    try {
      temp = directory.newTempFile();
      Cid cid = write(content, length, temp);
      directory.publish(temp, cid);
      log.debug("stored cid={} size={} name={} in {}", cid, length, fileName, directory.root());
      return new StoredContent(cid, shareUrl(cid), length);
    } catch (ContentLengthException e) {
      throw StorageException.permanent(name() + " refused " + fileName + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw StorageException.retryable(name() + " could not store " + fileName + ": " + e, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  @Override
  public Optional<OpenContent> open(Cid cid) {
    Optional<Path> file = file(cid);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      Path path = file.get();
      return Optional.of(new OpenContent(cid, Files.size(path), Files.newInputStream(path)));
    } catch (IOException e) {
      throw StorageException.retryable(name() + " could not read " + cid + ": " + e, e);
    }
  }

  @Override
  public boolean contains(Cid cid) {
    return file(cid).isPresent();
  }

  /** The file stored under {@code cid}, for the gateway to serve by range. */
  Optional<Path> file(Cid cid) {
    return directory.find(cid);
  }

  /** Where the store lives, for the health check. */
  Path directory() {
    return directory.root();
  }

  Path newProbeFile() throws IOException {
    return directory.newTempFile();
  }

  String shareUrl(Cid cid) {
    return publicBaseUrl.get() + "/ipfs/" + cid + "?download=true";
  }

  private Cid write(InputStream content, long length, Path temp) throws IOException {
    CidInputStream hashing = new CidInputStream(content, length, cidVersion);
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = hashing.read(buffer)) >= 0; ) {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
      }
      out.force(true);
    }
    UnixFsFile file = hashing.finish();
    return file.cid();
  }

  private String name() {
    return "the local IPFS store at " + directory.root();
  }

  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      log.warn("could not delete the temp file {}: {}", temp, e.toString());
    }
  }
}
