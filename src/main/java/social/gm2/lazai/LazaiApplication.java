package social.gm2.lazai;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The LazAI DAT Processor: mints Data Anchoring Tokens for creators' private AI data. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LazaiApplication {
  public static void main(String[] args) {
    SpringApplication.run(LazaiApplication.class, args);
  }
}
