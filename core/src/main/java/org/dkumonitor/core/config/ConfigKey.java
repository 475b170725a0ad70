package org.dkumonitor.core.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The YAML key of a config record's component when it is not the component's own name, e.g.
 * supervisord's {@code redirect_stderr} for {@code redirectStderr}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface ConfigKey {

    String value();
}
