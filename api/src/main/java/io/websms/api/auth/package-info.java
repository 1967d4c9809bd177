/**
 * The auth schemes every websms has, registered here for {@link java.util.ServiceLoader}: {@code none},
 * {@code plain} and {@code basic}, as the original WebSMS applied them. A provider may use them directly.
 */
package io.websms.api.auth;
