"""Pages of the funds app, one module per area. Thin: forms in, services called, queries out.

Staff pages (/c/<slug>/funds/, routes in funds/urls.py): `funds` (the dashboard, funds, approvals, settings, a
household's charges), `levies`, `payments` (payments, receipts, waivers), `cash` (cash collected and its
handover to the treasurer), `collection` (collection mode: a levy's rooms as a grid, door to door), `entries` (income and expenses) and `publication` (residents' questions, 公示
snapshots and corrections). Residents' pages (no account, routes in
funds/public_urls.py): `public`.
"""
