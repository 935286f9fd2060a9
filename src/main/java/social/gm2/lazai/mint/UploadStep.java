package social.gm2.lazai.mint;

import java.io.ByteArrayInputStream;
import social.gm2.lazai.storage.ContentStore;
import social.gm2.lazai.storage.StoredContent;

/**
 * ENCRYPTED → UPLOADED: the exact ciphertext bytes (lazai-protocol §13.1) into the content store.
 * The ciphertext was persisted when the mint was submitted, so a retry uploads the same bytes and
 * gets the same CID; uploading twice is harmless.
 */
final class UploadStep implements MintStep {
  private final ContentStore store;
  private final MintRepository mints;

  UploadStep(ContentStore store, MintRepository mints) {
    this.store = store;
    this.mints = mints;
  }

  @Override
  public MintState from() {
    return MintState.ENCRYPTED;
  }

  @Override
  public Mint run(Mint mint) {
    byte[] ciphertext = mints.ciphertext(mint.id());
    StoredContent stored =
        store.put(new ByteArrayInputStream(ciphertext), ciphertext.length, mint.fileName());
    return mints.uploaded(mint, stored.cid().value(), stored.shareUrl());
  }
}
