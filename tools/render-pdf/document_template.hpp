// Templates for the platform's documents (invoice, contractor-report, review-summary): JSON
// document skeletons in the templates folder whose strings are Mustache templates filled
// from the job's data. Two additions make lists possible, since a string cannot produce
// rows: {"each": "items", "cells": [...]} in place of a table's "rows", and
// {"each": "details", "key": "...", "value": "..."} in place of a key_value list's "items",
// repeat for every element of the named data array (the element's members are added to the
// data for its strings). A block with "when": "name" is kept only when data.name is present
// and neither false, null, "", 0 nor empty.
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "jobkit/job_environment.hpp"
#include "jobkit/job_error.hpp"
#include "job.hpp"

namespace render_pdf {

// PDF_TEMPLATES_DIR, or share/jobkit/render-pdf/templates beside the executable's bin/
// folder (jobkit::shipped_data_folder).
std::filesystem::path templates_folder(const jobkit::EnvironmentLookup& environment);

// The document model JSON of the filled template.
// Errors: invalid_data (65): an unknown template (field /template); a variable missing from
// the data, a list that is not an array (field /data, the message names the variable and the
// place in the template); io_error (74) when the template cannot be read.
jobkit::Result<nlohmann::json> fill_template(const std::filesystem::path& folder, const TemplateRequest& request);

}  // namespace render_pdf
