"""Writes of the yearly cycle: self-assessment, evidence, appraisal, explanation, publication.

`rules` says who may change what and when; `entry` holds the officials' writes,
`appraisal` the appraisers', leaders' and admins', `survey_import` the survey points (rows the
exchange app read from the file).
Every write runs in one transaction and raises a `WorkflowError` subclass when refused.
"""
