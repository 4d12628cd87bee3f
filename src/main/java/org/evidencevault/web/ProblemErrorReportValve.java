package org.evidencevault.web;

import org.evidencevault.problems.Problems;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * What Tomcat itself answers when a request never reaches the application (a malformed request line,
 * an illegal character in the path): a minimal problem document with the status only, instead of Tomcat's
 * HTML page naming the server and echoing the request.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer w = response.getReporter();
            if (w != null) {
                w.write("{\"type\":\"" + Problems.TYPE_PREFIX + Problems.kindOf(status) + "\",\"title\":\"Request refused\","
                        + "\"status\":" + status + ",\"detail\":\"the request could not be read\"}");
            }
        } catch (IOException | IllegalStateException e) {
            // the response is gone; nothing more to say
        }
    }
}
