package social.gm2.lazai.api;

import org.springframework.http.HttpStatus;

/** A request the API refuses with a status and a detail safe to show the caller. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final HttpStatus status;

  ApiException(HttpStatus status, String detail) {
    super(detail);
    this.status = status;
  }

  HttpStatus status() {
    return status;
  }

  static ApiException notFound(String token) {
    return new ApiException(HttpStatus.NOT_FOUND, "There is no mint for token " + token + ".");
  }

  static ApiException badRequest(String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, detail);
  }
}
