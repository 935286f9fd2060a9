package social.gm2.lazai.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API keys and the OpenAPI description (the filters: ApiSecurityConfiguration). */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ApiConfiguration.class);

  @Bean
  ApiKeys apiKeys(ApiProperties properties) {
    ApiKeys keys = new ApiKeys(properties.keys());
    if (!keys.configured()) {
      log.warn(
          "no API keys configured (lazai.api.keys): every endpoint but the public reads"
              + " (mint status, badges, health, /ipfs, the OpenAPI document) refuses requests");
    }
    return keys;
  }

  /**
   * {@code privacyData} is read into a {@code byte[]}, which the schema generator would describe as
   * base64 text; on the wire it is an array of byte values.
   */
  @Bean
  OpenApiCustomizer privacyDataSchema() {
    return openApi -> {
      Schema<?> submission = openApi.getComponents().getSchemas().get("MintSubmission");
      if (submission != null && submission.getProperties() != null) {
        submission
            .getProperties()
            .put(
                "privacyData",
                new ArraySchema()
                    .items(
                        new IntegerSchema()
                            .minimum(java.math.BigDecimal.ZERO)
                            .maximum(java.math.BigDecimal.valueOf(255))));
      }
    };
  }

  /**
   * The multipart form of {@code POST /api/v1/mints} ({@link UploadForm}): springdoc merges the
   * JSON and raw bodies of the route's handlers but drops the form, which its handler reads itself.
   */
  @Bean
  OpenApiCustomizer uploadFormSchema() {
    return openApi -> {
      var path = openApi.getPaths() == null ? null : openApi.getPaths().get("/api/v1/mints");
      if (path == null || path.getPost() == null || path.getPost().getRequestBody() == null) {
        return;
      }
      ObjectSchema upload = new ObjectSchema();
      upload.setRequired(java.util.List.of("tokenAddress", "file"));
      upload
          .description("A mint sent as a multipart/form-data form.")
          .addProperty(
              "tokenAddress",
              new StringSchema()
                  .description("The token address (0x and 40 hex digits; EIP-55 if mixed case)"))
          .addProperty(
              "fileName",
              new StringSchema()
                  .description("The file name to record; the file part's own file name by default"))
          .addProperty(
              "file",
              new BinarySchema().description("The data, 1 byte to lazai.mint.max-data-size"));
      openApi.getComponents().addSchemas("MintUpload", upload);
      Content content = path.getPost().getRequestBody().getContent();
      if (content != null) {
        content.addMediaType(
            org.springframework.http.MediaType.MULTIPART_FORM_DATA_VALUE,
            new MediaType().schema(new Schema<>().$ref("#/components/schemas/MintUpload")));
      }
    };
  }

  @Bean
  OpenAPI lazaiOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("LazAI DAT Processor")
                .version("v1")
                .description(
                    "Mints Data Anchoring Tokens for private AI data. Every endpoint but a mint's"
                        + " status and the badges needs an API key in the X-API-Key header;"
                        + " errors are RFC 9457 problems."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "apiKey",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name(ApiKeyFilter.HEADER)));
  }
}
