package social.gm2.lazai.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import social.gm2.lazai.mint.InvalidMintRequestException;
import social.gm2.lazai.mint.MintRequest;
import social.gm2.lazai.mint.MintService;
import social.gm2.lazai.mint.PlaintextSpool;

/**
 * A mint sent as a {@code multipart/form-data} form, by the API or the dashboard: a {@code file}
 * part, a {@code tokenAddress} part and an optional {@code fileName} part (the file part's own file
 * name by default), in any order; other parts are skipped. A token that comes before the file is
 * checked before the file is read; the file streams through the size check into a {@link
 * PlaintextSpool}, deleted before this returns.
 */
final class UploadForm {
  /** The largest text field of a form (a token address or a file name). */
  static final int FIELD_BYTES = 1024;

  private UploadForm() {}

  static MintService.Submission submit(HttpServletRequest request, MintService service)
      throws IOException {
    MultipartReader form =
        new MultipartReader(
            request.getInputStream(), MultipartReader.boundary(request.getContentType()));
    String token = null;
    String fileName = null;
    String partFileName = null;
    PlaintextSpool data = null;
    try {
      for (MultipartReader.Part part = form.next(); part != null; part = form.next()) {
        switch (part.name()) {
          case "tokenAddress" -> {
            token = part.text(FIELD_BYTES);
            MintRequest.token(token);
          }
          case "fileName" -> fileName = part.text(FIELD_BYTES);
          case "file" -> {
            if (data != null) {
              throw ApiException.badRequest("The form has more than one file part; send one.");
            }
            partFileName = part.fileName();
            data = service.spool(part.content(), "file");
          }
          default -> {
            // Another form field (a submit button...): skipped with the next part.
          }
        }
      }
      if (data == null) {
        throw new InvalidMintRequestException(
            "file", "is required: a multipart/form-data part named file");
      }
      if (token == null) {
        throw new InvalidMintRequestException("tokenAddress", "is required");
      }
      String name = fileName == null || fileName.isBlank() ? partFileName : fileName;
      return service.submit(token, name, data);
    } finally {
      if (data != null) {
        data.close();
      }
    }
  }
}
