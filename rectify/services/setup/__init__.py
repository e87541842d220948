"""What a campaign runs on: the organisation, campaigns and their stages,
problem categories and the unit hierarchy."""
