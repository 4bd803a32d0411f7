"""Creates the integration run's identity data in one process (the openstack CLI takes ~4 requests
per command): the service user (admin + service roles), the deploying user `stackato` (member of
project `stackato`), and the catalog. Usage: identity.py KEYSTONE_URL ADMIN_PW SERVICE_PW USER_PW HOST
"""

import sys

from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client

url, admin_pw, svc_pw, user_pw, host = sys.argv[1:6]
auth = v3.Password(auth_url=url + "/v3", username="admin", password=admin_pw, project_name="admin",
                   user_domain_name="Default", project_domain_name="Default")
ks = client.Client(session=session.Session(auth=auth), interface="public")

roles = {r.name: r for r in ks.roles.list()}
if "service" not in roles:
    roles["service"] = ks.roles.create("service")
service_project = ks.projects.create("service", "default")
stackato_project = ks.projects.create("stackato", "default")
svc = ks.users.create("svc", domain="default", password=svc_pw)
ks.roles.grant(roles["admin"], user=svc, project=service_project)
ks.roles.grant(roles["service"], user=svc, project=service_project)
user = ks.users.create("stackato", domain="default", password=user_pw)
ks.roles.grant(roles["member"], user=user, project=stackato_project)

for name, kind, endpoint in [
    ("glance", "image", f"http://{host}:9292"),
    ("placement", "placement", f"http://{host}:8778"),
    ("nova", "compute", f"http://{host}:8774/v2.1"),
    ("neutron", "network", f"http://{host}:9696"),
    ("cinderv3", "volumev3", f"http://{host}:8776/v3/%(project_id)s"),
]:
    service = ks.services.create(name=name, type=kind)
    ks.endpoints.create(service, endpoint, interface="public", region="RegionOne")
print("identity: users svc and stackato, 5 services in the catalog")
