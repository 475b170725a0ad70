/**
 * The collectors: each reads its /proc or /sys files into collectd's metric paths.
 *
 * <p>The agent's footprint rules apply here: see {@link org.dkumonitor.agent}.
 */
package org.dkumonitor.agent.collect;
