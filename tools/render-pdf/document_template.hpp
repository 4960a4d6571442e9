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

#include "data_sources.hpp"
#include "jobkit/job_environment.hpp"
#include "jobkit/job_error.hpp"
#include "job.hpp"

namespace render_pdf {

// PDF_TEMPLATES_DIR, or share/jobkit/render-pdf/templates beside the executable's bin/
// folder (jobkit::shipped_data_folder).
std::filesystem::path templates_folder(const jobkit::EnvironmentLookup& environment);

struct FilledTemplate {
  nlohmann::json model;  // the document model JSON
  DataSources sources;   // which data strings went into which of its texts
};

// The template filled from the request's data.
// Errors: invalid_data (65): an unknown template (field /template); variables missing from
// the data (every one listed, each by its pointer in the job: /data/buyer/name,
// /data/items/2/price; the first as the field); a list that is not an array or too long
// (its pointer in the job); a malformed template string (field /data, the message names the
// place in the template); io_error (74) when the template cannot be read.
jobkit::Result<FilledTemplate> fill_template(const std::filesystem::path& folder, const TemplateRequest& request);

}  // namespace render_pdf
