/**
 * Sending to carbon: the plaintext sender with its queue and disk spool.
 *
 * <p>The agent's footprint rules apply here: see {@link org.dkumonitor.agent}.
 */
package org.dkumonitor.agent.send;
