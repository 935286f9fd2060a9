package social.gm2.lazai.mint.step;

import java.io.IOException;
import java.io.UncheckedIOException;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStep;
import social.gm2.lazai.mint.MintStore;
import social.gm2.lazai.storage.ContentStore;
import social.gm2.lazai.storage.StoredContent;

/**
 * ENCRYPTED → UPLOADED: the exact ciphertext bytes (lazai-protocol §13.1) into the content store.
 * The ciphertext was persisted when the mint was submitted, so a retry uploads the same bytes and
 * gets the same CID; uploading twice is harmless.
 */
final class UploadStep implements MintStep {
  private final ContentStore content;
  private final MintStore mints;

  UploadStep(ContentStore content, MintStore mints) {
    this.content = content;
    this.mints = mints;
  }

  @Override
  public MintState from() {
    return MintState.ENCRYPTED;
  }

  @Override
  public Mint run(Mint mint) {
    StoredContent stored;
    try (MintStore.Ciphertext ciphertext = mints.openCiphertext(mint.id())) {
      stored = content.put(ciphertext.content(), ciphertext.length(), mint.fileName());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the stored ciphertext of " + mint.id(), e);
    }
    return mints.uploaded(mint, stored.cid().value(), stored.shareUrl());
  }
}
