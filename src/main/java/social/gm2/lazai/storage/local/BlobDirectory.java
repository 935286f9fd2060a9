package social.gm2.lazai.storage.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import social.gm2.lazai.storage.Cid;

/**
 * The on-disk layout of the local store: {@code blobs/<shard>/<cid>} holds each file whole (so it
 * can be served by range), {@code tmp/} holds files being written. The shard is the CID's
 * next-to-last two characters, as Kubo's flatfs does, so no directory grows too large.
 *
 * <p>Durability: a file is written to {@code tmp/}, fsynced, renamed into place atomically, and the
 * directory holding it is fsynced, so once {@link #publish} returns the file survives a crash and a
 * reader never sees a partial file under a CID. Two writers of the same CID both succeed: their
 * bytes are identical, so whichever rename lands last changes nothing.
 */
final class BlobDirectory {
  /** Temp files older than this are leftovers of a crash (no put takes a day). */
  private static final Duration STALE = Duration.ofDays(1);

  private final Path root;
  private final Path blobs;
  private final Path tmp;

  private BlobDirectory(Path root) {
    this.root = root;
    this.blobs = root.resolve("blobs");
    this.tmp = root.resolve("tmp");
  }

  /** Creates the directories when missing and removes stale temp files. */
  static BlobDirectory open(Path root, Clock clock) throws IOException {
    BlobDirectory directory = new BlobDirectory(root.toAbsolutePath().normalize());
    Files.createDirectories(directory.blobs);
    Files.createDirectories(directory.tmp);
    directory.removeStaleTempFiles(clock.instant().minus(STALE));
    return directory;
  }

  Path root() {
    return root;
  }

  Path newTempFile() throws IOException {
    return Files.createTempFile(tmp, "put-", ".part");
  }

  /** Moves a complete, fsynced temp file to its CID's place and makes the move durable. */
  void publish(Path temp, Cid cid) throws IOException {
    Path target = path(cid);
    Path shard = target.getParent();
    boolean newShard = !Files.isDirectory(shard);
    Files.createDirectories(shard);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // Same CID, same bytes: the file already there is as good as ours.
      Files.deleteIfExists(temp);
    }
    fsyncDirectory(shard);
    if (newShard) {
      fsyncDirectory(blobs);
    }
  }

  Optional<Path> find(Cid cid) {
    Path path = path(cid);
    return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
  }

  private Path path(Cid cid) {
    String value = cid.value();
    return blobs.resolve(value.substring(value.length() - 3, value.length() - 1)).resolve(value);
  }

  private void removeStaleTempFiles(Instant before) throws IOException {
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(tmp, "put-*.part")) {
      for (Path temp : temps) {
        try {
          if (Files.getLastModifiedTime(temp).toInstant().isBefore(before)) {
            Files.deleteIfExists(temp);
          }
        } catch (NoSuchFileException e) {
          // Another store on the same directory finished (or dropped) this put while we listed.
        }
      }
    }
  }

  private static void fsyncDirectory(Path directory) throws IOException {
    // Linux and macOS let a directory be opened to fsync it; that is what makes a rename durable.
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
