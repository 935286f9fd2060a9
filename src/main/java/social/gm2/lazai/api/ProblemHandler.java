package social.gm2.lazai.api;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import social.gm2.lazai.inference.InferenceException;
import social.gm2.lazai.mint.DataTooLargeException;
import social.gm2.lazai.mint.InvalidMintRequestException;
import social.gm2.lazai.mint.MintStateConflictException;
import social.gm2.lazai.mint.NoSuchMintException;
import social.gm2.lazai.mint.UploadReadException;

/**
 * Every error as an RFC 9457 problem ({@code application/problem+json}): Spring MVC's own (404,
 * 405, 415, unreadable JSON, bad parameters) through {@link ResponseEntityExceptionHandler}, and
 * ours here. Details name what was wrong, never the data sent, a stack trace or a secret; an
 * unexpected error is logged and answered with a generic 500.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(InvalidMintRequestException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidMintRequestException e, HttpServletRequest request) {
    return invalid(e, request.getRequestURI());
  }

  private static ResponseEntity<ProblemDetail> invalid(InvalidMintRequestException e, String path) {
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, e.getMessage(), path);
    problem.setTitle("Invalid mint request");
    problem.setProperty("field", e.field());
    return answer(problem);
  }

  /** Uploaded data that passed the limit while it was read: the rest is not read. */
  @ExceptionHandler(DataTooLargeException.class)
  ResponseEntity<ProblemDetail> tooLarge(DataTooLargeException e, HttpServletRequest request) {
    ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, e.getMessage(), request);
    problem.setProperty("field", e.field());
    return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
        .header(HttpHeaders.CONNECTION, "close")
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  /**
   * An upload that could not be read: over the size limit while it was read (413), or broken or
   * abandoned by the client (400, logged without a stack trace).
   */
  @ExceptionHandler(UploadReadException.class)
  ResponseEntity<ProblemDetail> unreadable(UploadReadException e, HttpServletRequest request) {
    ResponseEntity<ProblemDetail> known = known(e, "uri=" + request.getRequestURI());
    if (known != null) {
      return known;
    }
    log.info(
        "api request {} {}: the upload could not be read ({})",
        request.getMethod(),
        request.getRequestURI(),
        e.getCause() == null ? "" : e.getCause().getClass().getSimpleName());
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, e.getMessage() + ".", request);
    problem.setProperty("field", e.field());
    return answer(problem);
  }

  @ExceptionHandler(NoSuchMintException.class)
  ResponseEntity<ProblemDetail> noMint(NoSuchMintException e, HttpServletRequest request) {
    return refused(ApiException.notFound(e.tokenAddress()), request);
  }

  @ExceptionHandler(MintStateConflictException.class)
  ResponseEntity<ProblemDetail> conflict(MintStateConflictException e, HttpServletRequest request) {
    ProblemDetail problem = problem(HttpStatus.CONFLICT, e.getMessage(), request);
    problem.setProperty("state", e.state());
    return answer(problem);
  }

  /**
   * A chat completion that could not be answered: inference off or no node (503), a dry account
   * (402), the node refusing the request's data (422) or failing (502), or unreachable (504). The
   * detail names the node and carries its own message; {@code nodeStatus} is its HTTP status.
   */
  @ExceptionHandler(InferenceException.class)
  ResponseEntity<ProblemDetail> inference(InferenceException e, HttpServletRequest request) {
    HttpStatus status =
        switch (e.kind()) {
          case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
          case ACCOUNT_DRY -> HttpStatus.PAYMENT_REQUIRED;
          case NODE_REFUSED_DATA -> HttpStatus.UNPROCESSABLE_CONTENT;
          case NODE_FAILED -> HttpStatus.BAD_GATEWAY;
          case NODE_UNREACHABLE -> HttpStatus.GATEWAY_TIMEOUT;
        };
    log.info("api request {}: inference {}: {}", request.getRequestURI(), e.kind(), e.getMessage());
    ProblemDetail problem = problem(status, e.getMessage(), request);
    problem.setProperty("reason", e.kind().name());
    if (e.nodeStatus() != 0) {
      problem.setProperty("nodeStatus", e.nodeStatus());
    }
    return answer(problem);
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> refused(ApiException e, HttpServletRequest request) {
    return answer(problem(e.status(), e.getMessage(), request));
  }

  /**
   * A body that could not be read: over the size limit while it was read (413), or with a field
   * that the streaming reader refused (400 naming the field, as {@link #invalid} does).
   */
  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ResponseEntity<ProblemDetail> known = known(e, request.getDescription(false));
    return known != null
        ? ResponseEntity.status(known.getStatusCode())
            .headers(known.getHeaders())
            .body(known.getBody())
        : super.handleHttpMessageNotReadable(e, headers, status, request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
    ResponseEntity<ProblemDetail> known = known(e, "uri=" + request.getRequestURI());
    if (known != null) {
      return known;
    }
    log.error("api request {} {} failed", request.getMethod(), request.getRequestURI(), e);
    return answer(
        problem(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "An unexpected error occurred; the service log has the details.",
            request));
  }

  private static ProblemDetail problem(
      HttpStatus status, String detail, HttpServletRequest request) {
    return problem(status, detail, request.getRequestURI());
  }

  private static ProblemDetail problem(HttpStatus status, String detail, String path) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setInstance(URI.create(ProblemResponse.safePath(path)));
    return problem;
  }

  /** The answer for a failure found among the causes of {@code e}, or null. */
  private static ResponseEntity<ProblemDetail> known(Exception e, String description) {
    String path = description.startsWith("uri=") ? description.substring(4) : description;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BodyLimitFilter.BodyTooLargeException large) {
        ProblemDetail problem =
            problem(
                HttpStatus.CONTENT_TOO_LARGE,
                BodyLimitFilter.tooLarge("more bytes", large.limit(), large.rule()),
                path);
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
            .header(HttpHeaders.CONNECTION, "close")
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(problem);
      }
      if (t instanceof InvalidMintRequestException invalid) {
        return invalid(invalid, path);
      }
    }
    return null;
  }

  private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
    return ResponseEntity.status(problem.getStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
