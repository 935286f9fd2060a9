package social.gm2.lazai.storage.local;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.unit.DataSize;

/**
 * The {@code storage} health component of the local store: its directory takes a new file, and the
 * disk has at least the configured free space, so uploads will not fail half-way for a reason an
 * operator could have seen coming.
 */
public final class LocalStorageHealthIndicator extends AbstractHealthIndicator {
  private final LocalContentStore store;
  private final DataSize minFreeSpace;

  public LocalStorageHealthIndicator(LocalContentStore store, DataSize minFreeSpace) {
    super("the local IPFS store is not usable");
    this.store = store;
    this.minFreeSpace = minFreeSpace;
  }

  @Override
  protected void doHealthCheck(Health.Builder health) throws Exception {
    Path probe = store.newProbeFile();
    Files.delete(probe);
    long free = Files.getFileStore(store.directory()).getUsableSpace();
    health
        .withDetail("directory", store.directory().toString())
        .withDetail("freeBytes", free)
        .withDetail("minFreeBytes", minFreeSpace.toBytes());
    if (free < minFreeSpace.toBytes()) {
      health
          .down()
          .withDetail(
              "problem",
              "only "
                  + DataSize.ofBytes(free).toMegabytes()
                  + " MB free, below lazai.storage.local.min-free-space");
    } else {
      health.up();
    }
  }
}
