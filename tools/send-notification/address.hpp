// What may go into a header or an SMTP envelope: the checks live in common/ (one definition
// that render-pdf's notify uses too); send-notification's code names them from here.
#pragma once

#include "jobkit/email_address.hpp"

namespace send_notification {

using jobkit::address_domain;
using jobkit::check_email_address;
using jobkit::check_header_text;

}  // namespace send_notification
