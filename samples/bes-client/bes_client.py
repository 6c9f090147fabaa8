# The batch execution (BES) sample of the classic Azure ML documentation (seed 002), ported to Python 3 and pointed at
# a Modelbay service. The BES calls are the sample's own, unchanged but for the Python 3 syntax and the host:
# submit a job naming the input blob and the output blob, start it, poll its status, then download the first output
# from BaseLocation + RelativeLocation + SasBlobToken.
#
# Two things had to change besides the host, because the old `azure.storage` package the sample imported no longer
# exists: the input is uploaded with a plain Put Blob request signed with the storage account key (standard library
# only; `put_blob` below), and the storage account's blob endpoint can be named (`storage_blob_endpoint`), so the
# same script runs against Azurite or any Azure Storage account.
#
# Every value can come from an environment variable of the same name in capitals, e.g. MODELBAY_URL, API_KEY.
import base64
import hashlib
import hmac
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from email.utils import formatdate


def setting(name, default):
    return os.environ.get(name.upper(), default)


modelbay_url = setting("modelbay_url", "http://127.0.0.1:8080")  # was https://ussouthcentral.services.azureml.net
workspace = setting("workspace", "<REPLACE WITH YOUR WORKSPACE ID>")
service = setting("service", "<REPLACE WITH YOUR SERVICE ID>")
api_key = setting("api_key", "<REPLACE WITH THE API KEY FOR YOUR WEB SERVICE>")
storage_account_name = setting("storage_account_name", "<REPLACE WITH YOUR AZURE STORAGE ACCOUNT NAME>")
storage_account_key = setting("storage_account_key", "<REPLACE WITH YOUR AZURE STORAGE KEY>")
storage_container_name = setting("storage_container_name", "<REPLACE WITH YOUR AZURE STORAGE CONTAINER NAME>")
storage_blob_endpoint = setting("storage_blob_endpoint", "https://" + storage_account_name + ".blob.core.windows.net")
input_file = setting("input_file", "<REPLACE WITH THE LOCATION OF YOUR INPUT FILE>")  # Example: C:\\mydata.csv
output_file = setting("output_file", "<REPLACE WITH THE LOCATION OF YOUR OUTPUT FILE>")  # Example: C:\\myresults.csv
input_blob_name = "mydatablob.csv"
output_blob_name = "myresultsblob.csv"


def put_blob(container, blob, data):
    """Put Blob (a block blob) with Shared Key authorization, as BlobService.put_blob did."""
    url = storage_blob_endpoint.rstrip("/") + "/" + container + "/" + urllib.parse.quote(blob)
    headers = {"x-ms-blob-type": "BlockBlob", "x-ms-date": formatdate(usegmt=True), "x-ms-version": "2020-04-08"}
    canonical_headers = "".join(k + ":" + headers[k] + "\n" for k in sorted(headers))
    canonical_resource = "/" + storage_account_name + urllib.parse.urlparse(url).path
    string_to_sign = "\n".join(["PUT", "", "", str(len(data)) if data else "", "", "application/octet-stream"] + [""] * 6) + "\n"
    string_to_sign += canonical_headers + canonical_resource
    key = base64.b64decode(storage_account_key)
    signature = base64.b64encode(hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).digest()).decode()
    headers["Authorization"] = "SharedKey " + storage_account_name + ":" + signature
    headers["Content-Type"] = "application/octet-stream"
    urllib.request.urlopen(urllib.request.Request(url, data, headers, method="PUT")).read()


def printHttpError(httpError):
    print("The request failed with status code: " + str(httpError.code))
    print(httpError.info())
    print(json.loads(httpError.read()))
    return


def saveBlobToFile(blobUrl, resultsLabel):
    print("Reading the result from " + blobUrl)
    try:
        response = urllib.request.urlopen(blobUrl)
    except urllib.error.HTTPError as error:
        printHttpError(error)
        return
    with open(output_file, "wb+") as f:
        f.write(response.read())
    print(resultsLabel + " have been written to the file " + output_file)
    return


def processResults(result):
    first = True
    results = result["Results"]
    for outputName in results:
        result_blob_location = results[outputName]
        sas_token = result_blob_location["SasBlobToken"]
        base_url = result_blob_location["BaseLocation"]
        relative_url = result_blob_location["RelativeLocation"]
        print("The results for " + outputName + " are available at the following Azure Storage location:")
        print("BaseLocation: " + base_url)
        print("RelativeLocation: " + relative_url)
        print("SasBlobToken: " + sas_token)
        if first:
            first = False
            url3 = base_url + relative_url + sas_token
            saveBlobToFile(url3, "The results for " + outputName)
    return


def invokeBatchExecutionService():
    url = modelbay_url + "/workspaces/" + workspace + "/services/" + service + "/jobs"
    print("Uploading the input to blob storage...")
    data_to_upload = open(input_file, "rb").read()
    put_blob(storage_container_name, input_blob_name, data_to_upload)
    print("Uploaded the input to blob storage")
    input_blob_path = "/" + storage_container_name + "/" + input_blob_name
    connection_string = "DefaultEndpointsProtocol=https;AccountName=" + storage_account_name + ";AccountKey=" + storage_account_key
    connection_string += ";BlobEndpoint=" + storage_blob_endpoint
    payload = {
        "Input": {
            "ConnectionString": connection_string,
            "RelativeLocation": input_blob_path
        },
        "Outputs": {
            "output1": {"ConnectionString": connection_string, "RelativeLocation": "/" + storage_container_name + "/" + output_blob_name},
        },
        "GlobalParameters": {
        }
    }
    body = str.encode(json.dumps(payload))
    headers = {"Content-Type": "application/json", "Authorization": ("Bearer " + api_key)}
    print("Submitting the job...")
    # submit the job
    req = urllib.request.Request(url + "?api-version=2.0", body, headers)
    try:
        response = urllib.request.urlopen(req)
    except urllib.error.HTTPError as error:
        printHttpError(error)
        return
    result = response.read().decode("utf-8")
    job_id = result[1:-1]  # remove the enclosing double-quotes
    print("Job ID: " + job_id)
    # start the job
    print("Starting the job...")
    req = urllib.request.Request(url + "/" + job_id + "/start?api-version=2.0", b"", headers)
    try:
        response = urllib.request.urlopen(req)
    except urllib.error.HTTPError as error:
        printHttpError(error)
        return
    url2 = url + "/" + job_id + "?api-version=2.0"

    while True:
        print("Checking the job status...")
        req = urllib.request.Request(url2, headers={"Authorization": ("Bearer " + api_key)})
        try:
            response = urllib.request.urlopen(req)
        except urllib.error.HTTPError as error:
            printHttpError(error)
            return
        result = json.loads(response.read())
        status = result["StatusCode"]
        print("status:" + status)
        if status == 0 or status == "NotStarted":
            print("Job " + job_id + " not yet started...")
        elif status == 1 or status == "Running":
            print("Job " + job_id + " running...")
        elif status == 2 or status == "Failed":
            print("Job " + job_id + " failed!")
            print("Error details: " + result["Details"])
            break
        elif status == 3 or status == "Cancelled":
            print("Job " + job_id + " cancelled!")
            break
        elif status == 4 or status == "Finished":
            print("Job " + job_id + " finished!")
            processResults(result)
            break
        time.sleep(1)  # wait one second
    return


invokeBatchExecutionService()
