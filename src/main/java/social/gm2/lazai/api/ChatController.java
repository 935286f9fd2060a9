package social.gm2.lazai.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigInteger;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import social.gm2.lazai.inference.ChatCompletions;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintQueries;

/**
 * OpenAI-compatible chat completions answered by the LazAI inference node from a token's DAT file
 * ({@code X-LazAI-File-ID} = the mint's file id), paid by the service wallet: GM2's backend, or any
 * OpenAI client pointed at {@code /api/v1/tokens/{token}}, uses a token's data without holding a
 * LazAI key. {@code "stream": true} answers {@code text/event-stream} (the node's chunks, ending
 * {@code data: [DONE]}); otherwise the node's {@code chat.completion} JSON. Failures before the
 * first byte are problem answers: bad input 400, no mint 404, no file yet 409, a dry account 402,
 * the node's refusal of the request's data 422, the node failing 502, unreachable 504, inference
 * off 503.
 */
@RestController
@Tag(name = "inference", description = "Chat completions answered from a token's DAT file")
class ChatController {
  private final ChatCompletions chat;
  private final MintQueries mints;

  ChatController(ChatCompletions chat, MintQueries mints) {
    this.chat = chat;
    this.mints = mints;
  }

  @SecurityRequirement(name = "apiKey")
  @Operation(
      operationId = "createChatCompletion",
      summary = "A chat completion answered from the token's DAT file (OpenAI-compatible)")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      required = true,
      description =
          "An OpenAI chat completion request: messages (role, content text), optional stream,"
              + " model and the node's other options",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              schema = @Schema(ref = ApiSchemas.SCHEMAS + ApiSchemas.CHAT_REQUEST)))
  @PostMapping(
      path = "/api/v1/tokens/{tokenAddress}/chat/completions",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_EVENT_STREAM_VALUE})
  ResponseEntity<byte[]> complete(
      @PathVariable String tokenAddress, @RequestBody byte[] body, HttpServletResponse response)
      throws IOException {
    String token = TokenPath.parse(tokenAddress);
    ChatRequest request = ChatRequest.parse(body);
    BigInteger fileId = fileId(token);
    if (!request.stream()) {
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_JSON)
          .body(chat.complete(token, fileId, body));
    }
    ChatCompletions.Relay relay = chat.stream(token, fileId, body);
    response.setStatus(200);
    response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE + ";charset=UTF-8");
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Accel-Buffering", "no");
    relay.to(response.getOutputStream());
    return null;
  }

  private BigInteger fileId(String token) {
    Mint mint =
        mints
            .find(token)
            .map(MintQueries.MintRecord::mint)
            .orElseThrow(() -> ApiException.notFound(token));
    if (mint.fileId() == null) {
      throw new ApiException(
          org.springframework.http.HttpStatus.CONFLICT,
          "Token "
              + token
              + " has no DAT file yet (its mint is "
              + mint.state()
              + "); chat completions answer from the token's registered file.");
    }
    return mint.fileId();
  }
}
