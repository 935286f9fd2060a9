package social.gm2.lazai.mint;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.chain.ChainTx;

/**
 * The file permission of mints that were registered without it (before the feature, with it turned
 * off, or while the DataRegistry had no key): on request ({@code POST
 * /api/v1/mints/{token}/permission}) and in the periodic backfill. Both go through the mint's
 * intent key, so a permission is sent once however often it is asked for.
 */
public class PermissionGrants {
  private static final Logger log = LoggerFactory.getLogger(PermissionGrants.class);

  /** The most mints one backfill run grants: each is one transaction waited for. */
  static final int BACKFILL_BATCH = 50;

  private final MintStore store;
  private final FilePermissions permissions;

  public PermissionGrants(MintStore store, FilePermissions permissions) {
    this.store = store;
    this.permissions = permissions;
  }

  /**
   * The token's mint with its file permission: granted now, or as granted before.
   *
   * @throws NoSuchMintException when the token has no mint
   * @throws MintStateConflictException when the permission cannot be granted (no file yet, an
   *     imported mint, a file owned by another wallet, no registry key, granting turned off)
   */
  public Mint grant(String tokenAddress) {
    Mint mint = store.find(tokenAddress).orElseThrow(() -> new NoSuchMintException(tokenAddress));
    if (mint.permissionTxHash() != null) {
      return mint;
    }
    ChainTx tx = permissions.grant(mint);
    return store.permissionGranted(mint, tx.hash());
  }

  /**
   * Grants the permission of the settled mints missing it (at most {@value #BACKFILL_BATCH} a run,
   * the next run goes on); nothing when granting is off. A mint that cannot be granted (its file
   * owned by another wallet, say) is logged and skipped; a chain failure ends the run.
   *
   * @return how many were granted
   */
  public int backfill() {
    if (!permissions.enabled()) {
      return 0;
    }
    List<Mint> missing = store.withoutPermission(BACKFILL_BATCH);
    if (missing.isEmpty()) {
      return 0;
    }
    Optional<String> unavailable = permissions.unavailable();
    if (unavailable.isPresent()) {
      log.warn(
          "permission backfill: settled mints miss their file permission (at least {}), none granted:"
              + " {}",
          missing.size(),
          unavailable.get());
      return 0;
    }
    int granted = 0;
    for (Mint mint : missing) {
      try {
        ChainTx tx = permissions.grant(mint);
        store.permissionGranted(mint, tx.hash());
        granted++;
      } catch (MintStateConflictException e) {
        log.warn(
            "mint token={} permission backfill skipped: {}", mint.tokenAddress(), e.getMessage());
      }
    }
    log.info("permission backfill granted {} of {} mints missing it", granted, missing.size());
    return granted;
  }
}
