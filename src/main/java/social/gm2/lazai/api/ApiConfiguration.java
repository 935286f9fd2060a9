package social.gm2.lazai.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.Schema;
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
