package social.gm2.lazai.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
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

  /** Completes the derived document so that a client can be generated from it. */
  @Bean
  OpenApiCustomizer apiDocument() {
    return ApiDocument::complete;
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
        .servers(
            List.of(
                new Server()
                    .url("http://127.0.0.1:3003")
                    .description("A service on this machine (PORT, 3003 by default)")))
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
